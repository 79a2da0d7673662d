import { Stack, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { synthSis, type SynthesizedSis } from './support/synth';

let sis: SynthesizedSis;
beforeAll(() => {
  sis = synthSis();
});

/** Every acknowledgment recorded in the tree, with where it was made. */
function acknowledgments(root: IConstruct): { path: string; scope: IConstruct; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          scope: construct,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error or warning in either stack', () => {
    // cdk-nag 3 is a policy-validation plugin; validateScope runs the same rules the app's synth runs.
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(sis.app);
    const findings = report.violations.map((violation) => ({
      rule: violation.ruleName,
      severity: violation.severity,
      resources: violation.violatingResources.map((resource) => resource.constructPath),
    }));
    expect(findings).toEqual([]);
  });

  it('acknowledges findings only on specific resources, each with a reason', () => {
    const all = acknowledgments(sis.app);
    expect(all.length).toBeGreaterThan(0);
    for (const acknowledgment of all) {
      expect(acknowledgment.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(acknowledgment.reason.length).toBeGreaterThan(60);
      // Never a blanket acknowledgment on an app, stage or stack.
      expect(Stack.isStack(acknowledgment.scope) || Stage.isStage(acknowledgment.scope)).toBe(false);
    }
  });

  it('acknowledges wildcard IAM findings only for Resource "*" (X-Ray, ListStreams), never for actions', () => {
    const wildcard = acknowledgments(sis.app).filter((acknowledgment) => acknowledgment.id.startsWith('AwsSolutions-IAM5'));
    expect(new Set(wildcard.map((acknowledgment) => acknowledgment.id))).toEqual(new Set(['AwsSolutions-IAM5[Resource::*]']));
  });
});
