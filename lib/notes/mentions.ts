// Recognises what analysts mention in notes: IP addresses and pods (ns/pod-name as Kubernetes
// names them, or any ns/name written as @ns/name). A remark plugin turns them into links to the
// map; the same finder serves tests and search.
import type { Link, Parent, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';

export interface Mention {
  kind: 'ip' | 'pod';
  text: string;
  value: string;
  index: number;
}

const IPV4 = String.raw`\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b`;
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const NAME = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
// Pod names as controllers make them: deployment pods (…-<hash>-<5>), statefulset pods (…-N).
const POD = String.raw`\b${NAME}/${NAME}-(?:${SAFE}{6,10}-${SAFE}{5}|\d{1,4})\b`;
const EXPLICIT = String.raw`@(${NAME}/${NAME})`;
const PATTERN = new RegExp(`(${IPV4})|(${POD})|${EXPLICIT}`, 'g');

export function findMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const match of text.matchAll(PATTERN)) {
    const [whole, ip, pod, explicit] = match;
    if (ip) mentions.push({ kind: 'ip', text: whole, value: ip, index: match.index });
    else if (pod) mentions.push({ kind: 'pod', text: whole, value: pod, index: match.index });
    else if (explicit) mentions.push({ kind: 'pod', text: whole, value: explicit, index: match.index });
  }
  return mentions;
}

export function mentionHref(mention: Mention): string {
  return `/map?focus=${encodeURIComponent(`${mention.kind}:${mention.value}`)}`;
}

/** remark plugin: mentions in text become links (not inside code or existing links). */
export function remarkMentions() {
  return (tree: Root) => {
    visit(tree, 'text', (node: Text, index: number | undefined, parent: Parent | undefined) => {
      if (!parent || index === undefined || parent.type === 'link') return;
      const mentions = findMentions(node.value);
      if (mentions.length === 0) return;
      const children: (Text | Link)[] = [];
      let cursor = 0;
      for (const mention of mentions) {
        if (mention.index > cursor) children.push({ type: 'text', value: node.value.slice(cursor, mention.index) });
        children.push({
          type: 'link',
          url: mentionHref(mention),
          title: mention.kind === 'ip' ? `Address ${mention.value}` : `Pod ${mention.value}`,
          data: { hProperties: { className: ['mention'], 'data-mention': mention.kind } },
          children: [{ type: 'text', value: mention.text }],
        });
        cursor = mention.index + mention.text.length;
      }
      if (cursor < node.value.length) children.push({ type: 'text', value: node.value.slice(cursor) });
      parent.children.splice(index, 1, ...children);
      return index + children.length;
    });
  };
}
