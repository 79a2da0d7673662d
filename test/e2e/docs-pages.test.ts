import { describePages } from '../support/doc-run';

describePages([
  // The README's quick start installs and starts the system; its taste of the API is a session against it.
  { file: 'README.md', sections: ['A taste of the API'], tail: true },
  { file: 'docs/walkthrough.md' },
]);
