/**
 * The command line of every tool run by an npm script: one declaration of its options (with a line
 * each), from which come the parser, `--help` (the options and an example) and the answer to a
 * mistake (what was wrong, the usage, and where the help is), instead of node's parser message.
 *
 *   const cli = defineTool({ script: 'seed', summary: '…', options: { students: { type: 'string', value: 'n', description: '…' } }, examples: ['…'] });
 *   const { values } = cli.parse();             // exits 0 after --help, 2 after a mistake
 *   if (bad) cli.fail('--students must be a whole number');
 */
import { parseArgs } from 'node:util';

/** One option: node's parseArgs settings plus what the help says about it. */
export interface ToolOption {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  readonly default?: string | boolean;
  /** The value's name in the help (`--students <n>`). @default 'value' */
  readonly value?: string;
  readonly description: string;
}

type OptionValue<O extends ToolOption> = O['type'] extends 'boolean'
  ? O['multiple'] extends true
    ? boolean[]
    : boolean
  : O['multiple'] extends true
    ? string[]
    : string;

/** The parsed values: an option with a default is always there. */
export type ToolValues<Options extends Record<string, ToolOption>> = {
  -readonly [K in keyof Options]: Options[K] extends { default: string | boolean }
    ? OptionValue<Options[K]>
    : OptionValue<Options[K]> | undefined;
};

export interface ToolSpec<Options extends Record<string, ToolOption>> {
  /** The npm script that runs the tool (`seed`, `oneroster:import`, `start`). */
  readonly script: string;
  /** What the tool does, in a sentence or two. */
  readonly summary: string;
  /** The arguments after the options in the usage line, e.g. `<set.zip | folder>`. */
  readonly positionals?: string;
  /** Usage lines when one is not enough (each after `npm run <script> --`). @default one, from the options */
  readonly usage?: readonly string[];
  readonly options: Options;
  /** Complete command lines, as a user would paste them. */
  readonly examples: readonly string[];
  /** Paragraphs after the options: environment variables, where it writes, what it refuses. */
  readonly notes?: readonly string[];
}

export interface Tool<Options extends Record<string, ToolOption>> {
  /** Parses the arguments; prints the help and exits after `--help`, prints the mistake and exits 2 after one. */
  parse(argv?: readonly string[]): { values: ToolValues<Options>; positionals: string[] };
  /** Says what is wrong with the arguments, with the usage, and exits 2. */
  fail(message: string): never;
  /** The help text (`--help`). */
  help(): string;
}

/** How the tool is invoked: `npm start` for start, `npm run <script> --` for the others. */
export const invocation = (script: string) => `${bare(script)} --`;
const bare = (script: string) => (script === 'start' ? 'npm start' : `npm run ${script}`);

const flag = (name: string, option: ToolOption) =>
  `${option.short ? `-${option.short}, ` : ''}--${name}${option.type === 'string' ? ` <${option.value ?? 'value'}>` : ''}`;

export function defineTool<const Options extends Record<string, ToolOption>>(spec: ToolSpec<Options>): Tool<Options> {
  const options = Object.entries(spec.options);
  const usageLines = () =>
    (
      spec.usage ?? [
        [...options.map(([name, option]) => `[${flag(name, option)}]${option.multiple ? '...' : ''}`), spec.positionals]
          .filter(Boolean)
          .join(' '),
      ]
    ).map((line, index) => `${index === 0 ? 'usage: ' : '       '}${line ? `${invocation(spec.script)} ${line}` : bare(spec.script)}`);

  const help = () => {
    const rows: [string, string][] = [
      ...options.map(([name, option]): [string, string] => [
        flag(name, option),
        `${option.description}${option.default !== undefined && option.default !== false ? ` Default: ${String(option.default)}.` : ''}`,
      ]),
      ['-h, --help', 'Show this help.'],
    ];
    const width = Math.max(...rows.map(([left]) => left.length)) + 2;
    return [
      ...usageLines(),
      '',
      ...wrap(spec.summary, 110),
      '',
      'Options:',
      ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
      ...(spec.notes?.length ? ['', ...spec.notes] : []),
      '',
      spec.examples.length > 1 ? 'Examples:' : 'Example:',
      ...spec.examples.map((example) => `  ${example}`),
      '',
    ].join('\n');
  };

  const fail = (message: string): never => {
    process.stderr.write(`${bare(spec.script)}: ${message}\n${usageLines().join('\n')}\n`);
    process.stderr.write(`${invocation(spec.script)} --help shows every option and an example.\n`);
    process.exit(2);
  };

  return {
    help,
    fail,
    parse(argv = process.argv.slice(2)) {
      let parsed;
      try {
        parsed = parseArgs({
          args: [...argv],
          strict: true,
          allowPositionals: spec.positionals !== undefined,
          options: {
            ...Object.fromEntries(
              options.map(([name, { type, multiple, short, default: value }]) => [
                name,
                {
                  type,
                  ...(multiple ? { multiple } : {}),
                  ...(short ? { short } : {}),
                  ...(value !== undefined ? { default: value } : {}),
                },
              ]),
            ),
            help: { type: 'boolean', short: 'h' },
          },
        });
      } catch (error) {
        return fail(parserMistake(error as Error & { code?: string }));
      }
      if (parsed.values.help) {
        process.stdout.write(help());
        process.exit(0);
      }
      const { help: _help, ...values } = parsed.values;
      return { values: values as ToolValues<Options>, positionals: parsed.positionals };
    },
  };
}

/** Node's parser messages, said for someone typing after `npm run x --`. */
function parserMistake(error: Error & { code?: string }): string {
  const named = /'(-[^' ]*)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${named ?? ''}`.trimEnd();
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}`.trimEnd();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) return `${named ?? 'that option'} takes no value`;
      return /argument missing|ambiguous/.test(error.message) ? `${named ?? 'an option'} needs a value` : error.message;
    default:
      return error.message;
  }
}

/** The text in lines of at most `width` characters, broken between words. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}
