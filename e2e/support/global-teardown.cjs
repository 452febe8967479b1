// Stops the journeys' platform and removes its schemas and Redis keys.
module.exports = async function globalTeardown() {
  await globalThis.__JOURNEY_STACK__?.stop();
};
