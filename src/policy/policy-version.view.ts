import { PolicyDocument } from './policy.document';
import { VersionStatus } from './version-status';

/** A policy version as the API returns it. */
export interface PolicyVersionView {
  readonly partner: string;
  readonly version: number;
  readonly status: VersionStatus;
  readonly contentHash: string;
  readonly author: string;
  readonly createdAt: string;
  readonly approver: string | null;
  readonly approvedAt: string | null;
  readonly effectiveFrom: string | null;
  readonly note: string | null;
  readonly rejectedBy: string | null;
  readonly rejectedAt: string | null;
  readonly reviewComment: string | null;
}

export interface PolicyVersionWithDocument extends PolicyVersionView {
  readonly document: PolicyDocument;
}

/** Who acts: the authenticated account (author of a draft, approver of a version). */
export interface Actor {
  readonly id: string;
  readonly name: string;
}
