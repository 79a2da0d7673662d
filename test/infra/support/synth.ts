import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import type { ApiName } from '../../../infra/stacks/api-stack';
import { DEFAULT_CONFIG, type SisConfig } from '../../../infra/stacks/config';
import { createSisStacks, type SisStacks } from '../../../infra/stacks/sis-stacks';

export interface SynthesizedSis extends SisStacks {
  readonly app: App;
  readonly statefulTemplate: Template;
  /** The functions stack's template. */
  readonly computeTemplate: Template;
  readonly apiTemplates: Readonly<Record<ApiName, Template>>;
  readonly operationsTemplate: Template;
  readonly edgeTemplate?: Template;
  /** Every stack's template, by stack name. */
  readonly templates: Readonly<Record<string, Template>>;
}

type SynthOptions = { config?: Partial<SisConfig> };
const synthesized = new Map<string, SynthesizedSis>();

/**
 * Builds and synthesizes the stacks once per set of options within a test file (the check modules
 * that share stacks.test.ts and ask for the same settings share one synthesis; the templates are
 * only read). The default settings' stacks are bundled, as a deploy bundles them (bundling.checks.ts
 * reads esbuild's output, the other checks their templates: one synthesis and one esbuild run
 * serve both); stacks with other settings skip bundling, since the template properties under test
 * do not depend on the bundle and esbuild would otherwise run for every function again.
 */
export function synthSis(options: SynthOptions = {}): SynthesizedSis {
  const key = JSON.stringify(options);
  const found = synthesized.get(key);
  if (found) return found;
  const sis = synthesize(options);
  synthesized.set(key, sis);
  return sis;
}

function synthesize(options: SynthOptions): SynthesizedSis {
  const app = new App({ context: options.config ? { 'aws:cdk:bundling-stacks': [] } : {} });
  const stacks = createSisStacks(app, { ...DEFAULT_CONFIG, ...options.config });
  // One synthesis: Template.fromStack reuses the app's assembly for every stack.
  const all = [
    stacks.stateful,
    stacks.compute,
    stacks.apis.staff,
    stacks.apis.family,
    stacks.operations,
    ...(stacks.edge ? [stacks.edge] : []),
  ];
  const templates = Object.fromEntries(all.map((stack) => [stack.stackName, Template.fromStack(stack)]));
  return {
    app,
    ...stacks,
    templates,
    statefulTemplate: templates[stacks.stateful.stackName]!,
    computeTemplate: templates[stacks.compute.stackName]!,
    apiTemplates: { staff: templates[stacks.apis.staff.stackName]!, family: templates[stacks.apis.family.stackName]! },
    operationsTemplate: templates[stacks.operations.stackName]!,
    ...(stacks.edge ? { edgeTemplate: templates[stacks.edge.stackName]! } : {}),
  };
}

/** Resources per stack, by stack name: what CloudFormation's per-stack quota counts. */
export function resourceCounts(sis: SynthesizedSis): Record<string, number> {
  return Object.fromEntries(
    Object.entries(sis.templates).map(([name, template]) => [
      name,
      Object.keys((template.toJSON() as { Resources: object }).Resources).length,
    ]),
  );
}

/** The logical id of a construct's CloudFormation resource (the construct itself or its default child). */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };
export interface CfnResource {
  readonly Type: string;
  readonly Properties: { [key: string]: CfnValue };
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export function resourcesOf(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

export function resourceOf(template: Template, logicalId: string): CfnResource {
  const resource = (template.toJSON() as { Resources: Record<string, CfnResource> }).Resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId}`);
  return resource;
}

/**
 * Follows a cross-stack reference: returns the value the producing template exports under the
 * name a consuming template imports (`{ 'Fn::ImportValue': name }`).
 */
export function exportedValue(producer: Template, imported: CfnValue | undefined): CfnValue {
  if (!imported || typeof imported !== 'object' || Array.isArray(imported) || typeof imported['Fn::ImportValue'] !== 'string') {
    throw new Error(`not an import: ${JSON.stringify(imported)}`);
  }
  const name = imported['Fn::ImportValue'];
  const outputs = (producer.toJSON() as { Outputs?: Record<string, { Value: CfnValue; Export?: { Name: string } }> }).Outputs ?? {};
  const output = Object.values(outputs).find((candidate) => candidate.Export?.Name === name);
  if (!output) throw new Error(`no export named ${name}`);
  return output.Value;
}

export const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const ref = (logicalId: string) => ({ Ref: logicalId });

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: CfnValue;
  readonly Condition?: CfnValue;
}

/** Every statement attached to a role: its inline policies and the AWS::IAM::Policy resources naming it. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatement[] {
  const role = resourceOf(template, roleLogicalId);
  const inline = ((role.Properties.Policies ?? []) as unknown as { PolicyDocument: { Statement: PolicyStatement[] } }[]).flatMap(
    (policy) => policy.PolicyDocument.Statement,
  );
  const attached = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(JSON.stringify(ref(roleLogicalId))))
    .flatMap((policy) => (policy.Properties.PolicyDocument as unknown as { Statement: PolicyStatement[] }).Statement);
  return [...inline, ...attached];
}

export const actionsOf = (statements: readonly PolicyStatement[]): Set<string> =>
  new Set(statements.filter((statement) => statement.Effect === 'Allow').flatMap((statement) => [statement.Action].flat()));
