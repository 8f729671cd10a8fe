import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { remarkMentions } from '@/lib/notes/mentions';

/**
 * Notes are untrusted Markdown: react-markdown never renders raw HTML (it is shown as text) and
 * drops javascript: and other unsafe URLs; links open in a new tab without an opener.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-note space-y-2 break-words text-sm [&_a]:text-accent [&_a:hover]:underline [&_code]:rounded [&_code]:bg-surface [&_code]:px-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-auto [&_pre]:rounded [&_pre]:bg-surface [&_pre]:p-2 [&_ul]:list-disc [&_ul]:pl-5 [&_.mention]:rounded [&_.mention]:bg-accent/10 [&_.mention]:px-1 [&_.mention]:font-mono">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkMentions]}
        skipHtml
        components={{
          a: ({ href, children: text, node: _node, ...props }) =>
            href?.startsWith('/') ? (
              <a href={href} {...props}>
                {text}
              </a>
            ) : (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow" {...props}>
                {text}
              </a>
            ),
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
