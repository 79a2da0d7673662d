/**
 * The synthesized stacks' checks, one jest file for all of them. Each module below builds its own
 * app with its own settings; in one file they share the loaded CDK and the JIT's warm code, so a
 * synth after the first costs about a third of the first (measured under jest on this 2-core
 * machine: 43 s, then 12 s, wall) and the infra project about a third less CPU.
 */
import './bundling.checks';
import './stateful.checks';
import './stateless.checks';
import './oneroster-vendors.checks';
import './notices.checks';
import './throttle-budget.checks';
import './production.checks';
import './edge.checks';
import './access-log-archive.checks';
