// Data several pages read: policy documents (a version never changes, so they are kept), the active
// version of a partner, the open drafts, and the sandbox's sample members.
import { ApiError, enc, get } from './api.js';

const documents = new Map();

export async function policyDocument(partner, version) {
  const key = `${partner}/${version}`;
  if (!documents.has(key)) documents.set(key, (await get(`/api/v1/policies/${enc(partner)}/versions/${version}`)).document);
  return documents.get(key);
}

export async function activeOf(partner) {
  try {
    return await get(`/api/v1/policies/${enc(partner)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const drafts = (versions) => versions.filter((v) => v.status === 'draft').sort((a, b) => b.version - a.version);

let sandboxMembers = null;

/** Sample members of the sandbox (an empty list when there is none). */
export async function sampleMembers() {
  if (sandboxMembers === null) sandboxMembers = await get('/api/v1/sandbox/members?limit=50').catch(() => []);
  return sandboxMembers;
}
