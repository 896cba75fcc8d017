import supertest from 'supertest';
import { Member } from '../../src/domain/member';

/**
 * Enrols a member in the simulated lending system (POST /api/v1/sandbox/members), as a library desk
 * would, and gives its memberId: exchanges name members by id, and the gateway loads them from there.
 */
export async function enrol(http: ReturnType<typeof supertest>, token: string, member: Member): Promise<string> {
  const response = await http.post('/api/v1/sandbox/members').set({ Authorization: `Bearer ${token}` }).send(member);
  if (response.status !== 201) throw new Error(`enrolling ${member.memberId} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.memberId as string;
}
