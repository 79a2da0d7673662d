/**
 * Writes docs/walkthrough.http, the walk-through as a request collection (the `.http` format of
 * VS Code's REST Client and JetBrains' HTTP client), from the page's own command blocks: each curl
 * becomes a request (method, URL, headers, body), an id the page keeps in a shell variable becomes
 * a named request and a file variable (`@SCHOOL = {{SCHOOL_request.response.body.$.id}}`), and the
 * tokens are file variables to paste from `npm run -s token`. What a request file cannot say (waiting
 * loops, shell functions, other tools) stays as a comment with the page's command, so nothing of the
 * page is left out. test/unit/doc-routes.test.ts fails when the committed file differs.
 *
 *   npm run docs:http
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../repo-root';
import { commandBlocks } from './doc-blocks';
import { defineTool } from './tool-cli';

export const WALKTHROUGH_HTTP_PATH = path.join(REPO_ROOT, 'docs', 'walkthrough.http');
const WALKTHROUGH = path.join(REPO_ROOT, 'docs', 'walkthrough.md');

/** A shell command split into words: quotes removed, `$NAME` kept as `{{NAME}}`. */
function words(command: string): string[] {
  const result: string[] = [];
  let word: string | undefined;
  const push = (text: string) => (word = (word ?? '') + text);
  for (let at = 0; at < command.length;) {
    const char = command[at]!;
    if (/\s/.test(char)) {
      if (word !== undefined) result.push(word);
      word = undefined;
      at += 1;
    } else if (char === "'" || char === '"') {
      // An unclosed quote runs to the end of the command.
      const end = command.indexOf(char, at + 1) === -1 ? command.length : command.indexOf(char, at + 1);
      const inner = command.slice(at + 1, end);
      push(char === '"' ? variables(inner) : inner);
      at = end + 1;
    } else {
      const run = /^[^\s'"]+/.exec(command.slice(at))![0];
      push(variables(run));
      at += run.length;
    }
  }
  if (word !== undefined) result.push(word);
  return result;
}

const variables = (text: string) => text.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, '{{$1}}');

/** Splits a block into commands at newlines outside quotes and `$(…)`; a backslash-newline continues a line. */
function commands(block: string): string[] {
  const found: string[] = [];
  let current = '';
  let quote: string | undefined;
  let depth = 0;
  const text = block.replace(/\\\n\s*/g, ' ');
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '$' && text[at + 1] === '(') depth += 1;
    else if (char === ')' && depth > 0) depth -= 1;
    else if (char === '\n' && depth === 0) {
      if (current.trim()) found.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) found.push(current.trim());
  return found;
}

/** The command before the first `|`, `;` or `&&` outside quotes (`curl … | json r.id`, `curl …; echo`). */
function firstOfPipeline(command: string): string {
  let quote: string | undefined;
  for (let at = 0; at < command.length; at += 1) {
    const char = command[at]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '|' || char === ';' || (char === '&' && command[at + 1] === '&')) return command.slice(0, at);
  }
  return command;
}

/** A `json` expression of the page's helper as a JSONPath, when it only picks a value. */
function jsonPath(expression: string): string | undefined {
  const match = /^r((?:\.[A-Za-z_]\w*|\[\d+\])*)$/.exec(expression);
  return match ? `$${match[1]}` : undefined;
}

/** A curl command as a request, or undefined when it is not one the format can say. */
function request(curl: string, strings: ReadonlyMap<string, string>): string | undefined {
  const [command, ...args] = words(firstOfPipeline(curl));
  if (command !== 'curl') return undefined;
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  let query = false;
  const headers: string[] = [];
  const params: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const value = () => args[(index += 1)]!;
    if (arg === '-X') method = value();
    else if (arg === '-H') headers.push(value());
    else if (arg === '-d') body = value();
    else if (arg === '--data-urlencode') params.push(value());
    else if (arg === '-G') query = true;
    else if (arg === '-o' || arg === '-w' || arg === '-D') index += 1;
    else if (arg.startsWith('-')) continue;
    else url = arg;
  }
  if (!url) return undefined;
  const header = (line: string) =>
    line === '{{AUTH}}' ? 'Authorization: Bearer {{TOKEN}}' : line === '{{JSON}}' ? 'content-type: application/json' : line;
  const bodyText = body && /^\{\{([A-Z_][A-Z0-9_]*)\}\}$/.exec(body) ? strings.get(body.slice(2, -2)) : body;
  // A body the shell computes (`$(echo … | sed …)`) is not one a request file can hold.
  if ((body && bodyText === undefined) || bodyText?.includes('$(')) return undefined;
  const target =
    query && params.length > 0
      ? `${url}?${params.map((param) => param.replace(/=(.*)$/, (_, v: string) => `=${encodeURIComponent(v)}`)).join('&')}`
      : url;
  const lines = [`${method ?? (body ? 'POST' : 'GET')} ${target}`, ...headers.map(header)];
  return bodyText ? `${lines.join('\n')}\n\n${bodyText.trim()}` : lines.join('\n');
}

/** The collection, from the page. Pure: reads only docs/walkthrough.md. */
export function walkthroughHttp(markdown = readFileSync(WALKTHROUGH, 'utf8')): string {
  const out: string[] = [
    "# The walk-through (docs/walkthrough.md) as requests, for VS Code's REST Client or a JetBrains IDE.",
    '# Generated by `npm run docs:http` from the page; do not edit. Start `npm start`, set the tokens below with',
    '# `npm run -s token -- …` (the page says which), then send the requests in order: the ids flow from one to the next.',
    '',
    '@API = http://localhost:3000',
  ];
  const strings = new Map<string, string>();
  const tokens: string[] = [];
  let section = '';
  for (const block of commandBlocks(markdown)) {
    if (block.section === 'Start from a seeded district') continue;
    if (block.section !== section) out.push('', `# ── ${(section = block.section)} ──`);
    for (const command of commands(block.commands)) {
      const token = /^(?:export )?([A-Z_][A-Z0-9_]*)=\$\(npm run -s token -- (.*)\)$/.exec(command);
      const assigned = /^([A-Z_][A-Z0-9_]*)=\$\((curl .*) \| json (\S+|'[^']*')\)$/s.exec(command);
      const literal = /^([A-Z_][A-Z0-9_]*)=('.*)$/s.exec(command);
      if (token) {
        tokens.push(
          `# ${token[1]}: npm run -s token -- ${token[2]!.replace(/\$([A-Z_]+)/g, '<$1>')}`,
          `@${token[1]} = paste-the-token-here`,
        );
      } else if (literal) {
        strings.set(literal[1]!, words(literal[2]!).join(' '));
      } else if (assigned && request(assigned[2]!, strings) && jsonPath(assigned[3]!.replace(/^'|'$/g, ''))) {
        out.push('', `### ${assigned[1]}`, `# @name ${assigned[1]}_request`, request(assigned[2]!, strings)!);
        out.push('', `@${assigned[1]} = {{${assigned[1]}_request.response.body.${jsonPath(assigned[3]!.replace(/^'|'$/g, ''))}}}`);
      } else if (command.startsWith('curl') && request(command, strings)) {
        out.push('', '###', request(command, strings)!);
      } else if (!/^(API|AUTH|JSON)=|^json\(\)|^#|^echo\b/.test(command)) {
        out.push(
          '',
          `# shell only (docs/walkthrough.md, line ${block.line}): ${command.split('\n')[0]}${command.includes('\n') ? ' …' : ''}`,
        );
      }
    }
  }
  return `${[...out.slice(0, 5), '', ...tokens, ...out.slice(5)].join('\n')}\n`;
}

const cli = defineTool({
  script: 'docs:http',
  summary: 'Writes docs/walkthrough.http: the walk-through as a request collection for an editor, from the page itself.',
  options: {},
  examples: ['npm run docs:http'],
});

if (require.main === module) {
  cli.parse();
  writeFileSync(WALKTHROUGH_HTTP_PATH, walkthroughHttp());
  process.stdout.write(`wrote ${path.relative(REPO_ROOT, WALKTHROUGH_HTTP_PATH)}\n`);
}
