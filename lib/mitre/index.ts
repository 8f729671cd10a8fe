import { TECHNIQUES, type TechniqueInfo } from './catalog';

export type { TechniqueInfo };

const TECHNIQUE_ID = /^(T\d{4}(\.\d{3})?|MS-TA\d{4})$/;

/** Falco tags carry technique ids ("T1059") beside tactic tags ("mitre_execution"). */
export function techniquesFromTags(tags: readonly string[]): string[] {
  return [...new Set(tags.filter((tag) => TECHNIQUE_ID.test(tag)))].sort();
}

export function describeTechnique(id: string): TechniqueInfo | undefined {
  return TECHNIQUES[id] ?? TECHNIQUES[id.split('.')[0] ?? ''];
}

export function techniqueLabel(id: string): string {
  const info = describeTechnique(id);
  return info ? `${id} ${info.name}` : id;
}
