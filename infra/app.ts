#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` (offline, no credentials needed) and `npx cdk deploy --all`.
 * Settings come from context, e.g. `-c sis:stage=prod -c sis:account=123456789012
 * -c sis:region=eu-west-1 -c sis:corsAllowOrigins=https://staff.example.org,https://parents.example.org
 * -c sis:alarmEmail=oncall@example.org`.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './stacks/config';
import { createSisStacks } from './stacks/sis-stacks';

const app = new App();
createSisStacks(app, readConfig(app.node));
// cdk-nag 3 is a policy-validation plugin (not an Aspect): any unacknowledged AwsSolutions
// finding, error or warning, fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
