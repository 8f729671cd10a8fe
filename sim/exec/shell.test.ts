import { describe, expect, it } from 'vitest';
import { tokenize } from './shell.js';

describe('[SIM] shell tokenizer', () => {
  it('splits words, quotes, operators, pipes and drops redirections', () => {
    expect(tokenize(`cat '/etc/os-release' | grep -i "name" && echo $HOME 2>/dev/null; id`, { HOME: '/root' })).toEqual([
      { word: 'cat' }, { word: '/etc/os-release' }, { op: '|' }, { word: 'grep' }, { word: '-i' }, { word: 'name' }, { op: '&&' }, { word: 'echo' }, { word: '/root' }, { op: ';' }, { word: 'id' },
    ]);
  });
});
