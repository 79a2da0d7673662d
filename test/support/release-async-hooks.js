// Each test file gets a fresh module registry, but Node's async_hooks module is shared by the whole
// worker. The X-Ray SDK that Powertools' Tracer loads (even with tracing off) creates a namespace
// whose async hook tracks every promise's init and destroy and is never disabled: each test file
// that loads a function added one more, and every later file paid for all of them on every promise.
// The hooks a file created are disabled once its tests are done.
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
