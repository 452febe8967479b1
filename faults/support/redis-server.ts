// The fault suite's own redis-server lives in libs/testing now (the messaging library's job tests use it too).
export { RedisServer } from '@buergeramt/testing';
