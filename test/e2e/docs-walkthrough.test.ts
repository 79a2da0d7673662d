import { describePage } from '../support/doc-run';

describePage({ file: 'docs/walkthrough.md' });
