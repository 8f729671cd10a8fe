import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactDatabaseUrl } from './connection';

describe('[DB] connection URLs', () => {
  it('splits a URL into discrete fields, decoding credentials', () => {
    expect(parseDatabaseUrl('postgresql://cordon:p%40ss%2Fw@db.internal:6543/incidents?sslmode=require')).toEqual({
      host: 'db.internal',
      port: 6543,
      user: 'cordon',
      password: 'p@ss/w',
      database: 'incidents',
      ssl: true,
    });
  });

  it('applies defaults and refuses other schemes', () => {
    expect(parseDatabaseUrl('postgres://u@localhost/x')).toMatchObject({ port: 5432, password: undefined, ssl: undefined });
    expect(() => parseDatabaseUrl('mysql://u@localhost/x')).toThrow(/postgres/);
  });

  it('masks the password for display', () => {
    expect(redactDatabaseUrl('postgresql://cordon:secret@h:1/db')).toBe('postgresql://cordon:***@h:1/db');
    expect(redactDatabaseUrl('not a url')).not.toContain('not a url');
  });
});
