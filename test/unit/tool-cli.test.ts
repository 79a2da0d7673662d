import { defineTool } from '../../infra/ops/tool-cli';
import { packageScripts, renderHelp, SCRIPT_GROUPS } from '../../infra/ops/help';

describe('a tool command line (defineTool)', () => {
  const tool = defineTool({
    script: 'seed',
    summary: 'Loads a synthetic district.',
    options: {
      students: { type: 'string', default: '300', value: 'n', description: 'How many students.' },
      table: { type: 'string', value: 'name', description: 'A table in AWS.' },
      'dry-run': { type: 'boolean', default: false, description: 'Change nothing.' },
    },
    examples: ['npm run seed -- --students 20'],
  });

  /** Runs `parse` with process.exit and stderr caught: what a user would see, and the exit code. */
  function run(argv: string[]) {
    const written: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((text) => (written.push(String(text)), true));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((text) => (written.push(String(text)), true));
    const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw Object.assign(new Error('exit'), { exitCode: code });
    });
    try {
      return { parsed: tool.parse(argv), text: written.join(''), exitCode: undefined };
    } catch (error) {
      return { parsed: undefined, text: written.join(''), exitCode: (error as { exitCode?: number }).exitCode };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      exit.mockRestore();
    }
  }

  it('--help shows every option with its value, description and default, and an example, then exits 0', () => {
    const { text, exitCode } = run(['--help']);
    expect(exitCode).toBe(0);
    expect(text).toContain('usage: npm run seed -- [--students <n>] [--table <name>] [--dry-run]');
    expect(text).toMatch(/--students <n>\s+How many students\. Default: 300\./);
    expect(text).toMatch(/--dry-run\s+Change nothing\.\n/);
    expect(text).toMatch(/-h, --help\s+Show this help\./);
    expect(text).toContain('Example:\n  npm run seed -- --students 20\n');
  });

  it('answers a mistyped option with what was wrong, the usage and where the help is, and exits 2', () => {
    const { text, exitCode } = run(['--studnets', '20']);
    expect(exitCode).toBe(2);
    expect(text).toContain('npm run seed: unknown option --studnets\nusage: npm run seed -- [--students <n>]');
    expect(text).toContain('npm run seed -- --help shows every option and an example.');
    // Not node's parser advice, which makes no sense after `npm run seed --`.
    expect(text).not.toContain('To specify a positional argument');
  });

  it('says which option lacks its value, and refuses an argument it does not take', () => {
    expect(run(['--students'])).toMatchObject({ exitCode: 2, text: expect.stringContaining('npm run seed: --students needs a value') });
    expect(run(['district.zip'])).toMatchObject({ exitCode: 2, text: expect.stringContaining('unexpected argument district.zip') });
  });

  it('gives the values, with the defaults of the options not given', () => {
    expect(run(['--table', 'sis-prod']).parsed).toEqual({
      values: { students: '300', table: 'sis-prod', 'dry-run': false },
      positionals: [],
    });
  });
});

describe('npm run help', () => {
  const scripts = packageScripts();
  const listed = SCRIPT_GROUPS.flatMap((group) => Object.keys(group.scripts));

  it('has a line for every npm script, and names none that package.json lacks', () => {
    expect([...listed].sort()).toEqual(Object.keys(scripts).sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('prints each script once, under its group, with how to call it', () => {
    const text = renderHelp();
    expect(text).toMatch(/^ {2}npm start +DynamoDB Local, the API/m);
    expect(text).toMatch(/^ {2}npm run restore:rehearse +export the table/m);
    expect(text).toContain('`npm run <script> -- --help`');
  });

  it('writes the AWS SDK variable once (the preload), not in each script', () => {
    const repeated = Object.entries(scripts).filter(([, command]) => command.includes('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'));
    expect(repeated).toEqual([]);
    const typescript = Object.entries(scripts).filter(([, command]) => /\.ts\b/.test(command) && !command.startsWith('tsc'));
    expect(typescript.filter(([, command]) => !command.startsWith('node --import ./infra/preload.mjs '))).toEqual([]);
  });
});
