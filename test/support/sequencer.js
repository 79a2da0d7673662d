// The order jest hands test files to its two workers. jest's own sequencer runs the files that
// failed last time first, then the slowest by the durations it cached on an earlier run, and a file
// it has no duration for by its size. A clean clone has no durations, and size is a poor guess here:
// the fuzzer's 85 lines run longer than any unit test file of 400. Queued last, a long file leaves
// one worker idle while the other finishes it, so without a duration a file is ranked by its tier
// first (the whole system, then the runtime's parts and the stacks, then use cases, then units).
const Sequencer = require('@jest/test-sequencer').default;

/** A guess in milliseconds, only for ranking files that have no cached duration. */
const TIER_MS = { e2e: 60_000, integration: 20_000, infra: 20_000, 'use-cases': 5_000, unit: 1_000 };

class TierSequencer extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached !== undefined) return cached;
    const tier = TIER_MS[test.context.config.displayName?.name] ?? 0;
    // Within a tier, the larger file first (ten bytes a millisecond: for ranking only).
    return tier + (test.context.hasteFS.getSize(test.path) ?? 0) / 10;
  }
}

module.exports = TierSequencer;
