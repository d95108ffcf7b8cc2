/**
 * Finds the line of a spec path (e.g. `services.web.healthChecks.readiness`) in the app spec's source text,
 * by looking for each key in turn after the previous one. Best effort (a key written twice before the one
 * meant can mislead it); used only to point findings at a line.
 */
export function specPathLocator(file: string, text: string): (specPath: string) => { file: string; line: number } | undefined {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return (specPath) => {
    let from = 0;
    let found = -1;
    for (const key of specPath.split('.').filter((k) => k !== '')) {
      const re = new RegExp(`(?:^|[\\s{,])['"]?${escape(key)}['"]?\\s*:`, 'g');
      re.lastIndex = from;
      const m = re.exec(text);
      if (!m) break;
      found = m.index + m[0].indexOf(key);
      from = found + key.length;
    }
    return found < 0 ? undefined : { file, line: lineOf(found) };
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
