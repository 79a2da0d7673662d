// Each test file gets a fresh module registry, but Node's async_hooks module is shared by the whole
// worker. A hook a file enables is never disabled by the code that made it: the X-Ray SDK's namespace,
// for one, tracks every promise's init and destroy (since decision 0145 it is made only where the
// Tracer traces, as in test/unit/xray-mode.test.ts; before, every file that loaded a function added
// one, and every later file paid for all of them). The hooks a file created are disabled once its tests are done.
const asyncHooks = require('node:async_hooks');

const created = [];
const createHook = asyncHooks.createHook;
asyncHooks.createHook = function trackedCreateHook(callbacks) {
  const hook = createHook.call(this, callbacks);
  created.push(hook);
  return hook;
};

afterAll(() => {
  asyncHooks.createHook = createHook;
  for (const hook of created.splice(0)) hook.disable();
});
