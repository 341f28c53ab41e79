// More of the support tool: the recordings made through a ticket's link. It uses `recordings.list`,
// which upstream documents; tests/release/consumers.test.ts runs it where the spec has that operation.
import type { Userplane } from 'userplane';

/** The ids of every recording made through a link, walking the pages as the loop needs them. */
export async function recordingsOfLink(userplane: Userplane, workspaceId: string, linkId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const recording of userplane.recordings.list({ workspaceId, link_id: [linkId], per_page: 20 })) {
    ids.push(recording.recordingId);
  }
  return ids;
}
