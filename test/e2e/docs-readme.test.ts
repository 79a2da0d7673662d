import { describePage } from '../support/doc-run';

// The README's quick start installs and starts the system; its taste of the API is a session against it.
describePage({ file: 'README.md', sections: ['A taste of the API'], tail: true });
