/** Splits a search snippet into plain and matched parts (the core marks matches with \u0002…\u0003). */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  for (const chunk of snippet.split('\u0002')) {
    const [match, rest] = chunk.includes('\u0003') ? chunk.split('\u0003', 2) : [null, chunk];
    if (match) parts.push({ text: match, match: true });
    if (rest) parts.push({ text: rest, match: false });
  }
  return parts;
}
