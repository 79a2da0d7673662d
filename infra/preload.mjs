// Every npm script that runs TypeScript starts Node with this module first
// (`node --import ./infra/preload.mjs <file.ts>`), so that what they all need is written once:
// - tsx's loader, in the same process (the tsx command runs the script in a child process, and
//   kills it when it has not acknowledged a signal within 30 ms: a stop cut short);
// - no notice from the AWS SDK that its Node 20 support ends in 2027 (Lambda runs Node 22; the SDK
//   reads this variable when a client is created, after this module ran).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('tsx');
