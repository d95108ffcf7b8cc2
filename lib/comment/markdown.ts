/**
 * Markdown building blocks for the PR comment, and a checker for what GitHub needs to render it as meant:
 * closed code fences, balanced `<details>` / `<summary>` tags, closed HTML comments.
 */

/** An inline code span that survives backticks in its text (CommonMark: a longer delimiter, padded). */
export function code(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  if (clean === '') return '` `';
  const longest = Math.max(0, ...Array.from(clean.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || (clean.startsWith(' ') && clean.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** Plain text safe in a markdown line or table cell: no HTML tags, no table breaks, no line breaks, no mentions. */
export function text(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b');
}

/**
 * Prose that may hold `code spans` (finding messages and fixes): escaped as `text` outside the spans, the spans
 * kept (HTML is not interpreted inside them). An unbalanced backtick is escaped.
 */
export function prose(s: string): string {
  const clean = s.replace(/\r?\n/g, ' ');
  let out = '';
  let last = 0;
  for (const m of clean.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)) {
    out += text(clean.slice(last, m.index)).replace(/`/g, '\\`') + m[0];
    last = m.index + m[0].length;
  }
  return out + text(clean.slice(last)).replace(/`/g, '\\`');
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fenced(info: string, lines: readonly string[]): string {
  const longest = Math.max(0, ...lines.flatMap((l) => Array.from(l.matchAll(/`+/g), (m) => m[0].length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...lines, fence].join('\n');
}

/** Cuts `s` to at most `width` characters (code points), marking the cut with `…`. */
export function cut(s: string, width: number): string {
  const chars = Array.from(s);
  if (chars.length <= width) return s;
  return `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

/** A markdown link to an http(s) URL, or undefined when `url` is not one. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  } catch {
    return undefined;
  }
}

/**
 * What would make GitHub render `md` other than intended, one message per problem (empty = fine):
 * an unclosed code fence, `<details>` / `<summary>` tags out of balance or out of order outside code,
 * an unclosed HTML comment.
 */
export function markdownProblems(md: string): string[] {
  const problems: string[] = [];
  const lines = md.split(/\r?\n/);
  let fence: { char: string; length: number; line: number } | undefined;
  let details = 0;
  let summary = 0;
  let comment: number | undefined;
  lines.forEach((line, i) => {
    const n = i + 1;
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = undefined;
      return;
    }
    if (comment !== undefined) {
      if (line.includes('-->')) comment = undefined;
      return;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open) {
      const marker = open[1]!;
      if (marker[0] === '`' && open[2]!.includes('`')) problems.push(`line ${n}: a backtick fence's info string contains a backtick`);
      fence = { char: marker[0]!, length: marker.length, line: n };
      return;
    }
    // HTML comments (outside code): each must close.
    let rest = line;
    for (;;) {
      const start = rest.indexOf('<!--');
      if (start < 0) break;
      const end = rest.indexOf('-->', start + 4);
      if (end < 0) {
        comment = n;
        rest = rest.slice(0, start);
        break;
      }
      rest = rest.slice(0, start) + rest.slice(end + 3);
    }
    const visible = rest.replace(/(`+)[\s\S]*?\1/g, '');
    for (const m of visible.matchAll(/<(\/?)(details|summary)\b[^>]*>/gi)) {
      const closing = m[1] === '/';
      const tag = m[2]!.toLowerCase();
      if (tag === 'details') {
        if (closing) {
          if (details === 0) problems.push(`line ${n}: </details> without an open <details>`);
          else details--;
        } else details++;
      } else if (closing) {
        if (summary === 0) problems.push(`line ${n}: </summary> without an open <summary>`);
        else summary--;
      } else {
        if (details === 0) problems.push(`line ${n}: <summary> outside <details>`);
        summary++;
      }
    }
  });
  if (fence) problems.push(`line ${fence.line}: code fence ${fence.char.repeat(fence.length)} is never closed`);
  if (comment !== undefined) problems.push(`line ${comment}: HTML comment <!-- is never closed`);
  if (details > 0) problems.push(`${details} <details> never closed`);
  if (summary > 0) problems.push(`${summary} <summary> never closed`);
  return problems;
}

/** True when `markdownProblems(md)` finds nothing. */
export function isValidMarkdown(md: string): boolean {
  return markdownProblems(md).length === 0;
}
