// `userplane/testing`: a typed fake of the Userplane API for your own tests. Its own entry, never
// in the main bundle.

export { createFakeUserplane, type AnyFakeCall, type FakeUserplane, type FakeUserplaneOptions } from './fake.js';
export type {
  DeepPartial,
  FakeAnswer,
  FakeCall,
  FakeFailOptions,
  FakeFault,
  FakeFaultOptions,
  FakeOffSpec,
  FakeOffSpecFailOptions,
  FakeOperation,
  FakePending,
  FakeRawOptions,
  FakeResources,
  FakeRow,
  FakeWait,
} from './types.js';
