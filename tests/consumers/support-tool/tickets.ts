// A user's own code: a support tool that gives each ticket a recording link, and cleans up.
import { isUserplaneError, type Userplane } from 'userplane';

export interface Ticket {
  id: string;
  workspaceId: string;
  domainId: string;
}

/** Creates the ticket's recording link; returns its URL. */
export async function linkForTicket(userplane: Userplane, ticket: Ticket): Promise<string> {
  const { data } = await userplane.links.create({
    workspaceId: ticket.workspaceId,
    domainId: ticket.domainId,
    linkReference: ticket.id,
    linkMeta: { ticket: ticket.id },
  });
  return data.link.linkURL;
}

/** Deletes the ticket's link; a link already gone is fine, anything else is not. */
export async function closeTicket(
  userplane: Userplane,
  workspaceId: string,
  linkId: string,
): Promise<'deleted' | 'already gone'> {
  try {
    await userplane.links.delete({ workspaceId, linkId });
    return 'deleted';
  } catch (err) {
    if (isUserplaneError(err, 'links.delete', 'LINK_GONE')) return 'already gone';
    throw err;
  }
}
