/**
 * The command blocks of a page (```sh) and the output the page shows under each (the ```text
 * block that follows before the next command block), so a test can run a page as a reader would
 * and compare what it printed with what the page says.
 */

export interface DocBlock {
  /** The `## ` heading the block is under. */
  readonly section: string;
  /** Line of the opening fence, 1-based, for failure messages. */
  readonly line: number;
  readonly commands: string;
  /** What the page shows the commands print; undefined when it shows nothing. */
  readonly shown?: string;
}

/** Every command block of the page, in order, with the output shown under it. */
export function commandBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: { section: string; line: number; commands: string; shown?: string }[] = [];
  let section = '';
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const fence = /^```(\w*)\s*$/.exec(line);
    if (!fence) continue;
    const start = index;
    const body: string[] = [];
    for (index += 1; index < lines.length && !lines[index]!.startsWith('```'); index += 1) body.push(lines[index]!);
    if (fence[1] === 'sh') blocks.push({ section, line: start + 1, commands: body.join('\n') });
    else if (fence[1] === 'text' && blocks.length > 0 && blocks.at(-1)!.shown === undefined && blocks.at(-1)!.section === section)
      blocks.at(-1)!.shown = body.join('\n');
  }
  return blocks;
}

const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/g;
/** An id as the pages shorten it: the start of a ULID, then an ellipsis ("01M8GZ…"). */
const SHORT_ID = /\b01[0-9A-HJKMNP-TV-Z]{0,24}…/g;

/**
 * Whether the output matches what the page shows. Ids are masked on both sides (the page shortens
 * them, a run makes new ones); an ellipsis the page writes stands for any text; white space is
 * ignored, since the pages wrap long JSON lines and Node prints long arrays over several lines.
 * With `tail`, the page shows only the end of the output (the last command's answer).
 */
export function matchesShown(output: string, shown: string, options: { tail?: boolean } = {}): boolean {
  const actual = output.replace(ULID, '<id>').replace(/\s+/g, '');
  const pattern = shown
    .replace(SHORT_ID, '<id>')
    .replace(/\s+/g, '')
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*?');
  return new RegExp(`${options.tail ? '' : '^'}${pattern}$`).test(actual);
}
