// main/keychain: the OS keychain (keytar) and an in-memory stand-in, behind `Keychain` {get, set, delete}.
export * from './keychain';
export { MemoryKeychain } from './memory-keychain';
export { KEYCHAIN_SERVICE, KeytarKeychain } from './keytar-keychain';
