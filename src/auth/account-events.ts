import { Injectable } from '@nestjs/common';

/** What happened to an account, for whoever must act on it at once in this process. */
export interface AccountEvent {
  readonly kind: 'created' | 'confirmed' | 'disabled';
  readonly accountId: string;
}

/**
 * In-process notices of account changes: a disabled account's open connections (SIP2 machines) are
 * closed at once by whoever holds them. Other instances find out on the connection's next message
 * (Authenticator.stillValid); console sessions stop at the next request everywhere.
 */
@Injectable()
export class AccountEvents {
  private readonly listeners = new Set<(event: AccountEvent) => void>();

  subscribe(listener: (event: AccountEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AccountEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
