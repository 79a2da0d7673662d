/**
 * What a request body may be before it is parsed. API Gateway's HTTP APIs accept payloads up to
 * 10 MB ("Quotas for configuring and running an HTTP API": payload size 10 MB, not adjustable), and
 * JSON.parse recurses once per level of nesting, so a body at that size, or a narrow one nested a few
 * hundred thousand levels deep, would cost a function its memory or its stack before any schema
 * could answer. The largest body a route takes (a section's attendance, a term's schedule, a
 * gradebook's settings) is a few kilobytes, nested a handful of levels; the limits are far above it.
 *
 * The depth is counted by one pass over the text rather than by a library: no kept JSON library
 * bounds depth before parsing (the parsers that do, such as secure-json-parse, guard against
 * prototype poisoning, and only after a full parse), and the scan is a few lines with a test.
 */
export const BODY_LIMITS = { bytes: 1_048_576, depth: 32 } as const;

/** Whether the JSON text nests objects and arrays deeper than `limit` (stops as soon as it does). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) depth -= 1;
  }
  return false;
}
