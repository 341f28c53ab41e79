// A consumer's test file, type-checked by the release tests: userplane/testing's answers are typed
// per operation.
import { createFakeUserplane } from 'userplane/testing';

const api = createFakeUserplane();
api.links.create.respond({ data: { link: { linkId: 'lnk_1' } } });
// @ts-expect-error not a code links.delete declares
api.links.delete.fail('PLAN_LIMIT_EXCEEDED');
export const calls: number = api.calls.length;
