import { BaseRpcContext } from '@nestjs/microservices';
import { HEADERS } from '@strata/contracts';
import type { JsMsg } from 'nats';

export type Settlement = 'ack' | 'nak' | 'term' | null;

/**
 * What a JetStream handler gets besides the payload: the delivery, and explicit settlement.
 * A handler that settles nothing has its message acked when it returns, and nak'ed with backoff
 * (or dead-lettered on the last delivery) when it throws.
 */
export class JetStreamContext extends BaseRpcContext<[JsMsg]> {
  private settlement: Settlement = null;

  constructor(
    message: JsMsg,
    readonly maxDeliver: number,
    private readonly sendToDeadLetter: (reason: string) => Promise<void>,
  ) {
    super([message]);
  }

  /** Keeps the message in the dead-letter stream with the reason, then terminates it. */
  async deadLetter(reason: string): Promise<void> {
    if (this.settlement !== null) return;
    await this.sendToDeadLetter(reason);
    this.term(reason);
  }

  get message(): JsMsg {
    return this.args[0];
  }

  get subject(): string {
    return this.message.subject;
  }

  /** 1 on the first delivery. */
  get deliveryCount(): number {
    return this.message.info.redeliveryCount;
  }

  /** True when no redelivery will follow if this attempt does not settle the message. */
  get isLastDelivery(): boolean {
    return this.deliveryCount >= this.maxDeliver;
  }

  get correlationId(): string | undefined {
    return this.message.headers?.get(HEADERS.correlationId) || undefined;
  }

  get settled(): Settlement {
    return this.settlement;
  }

  ack(): void {
    if (this.settlement !== null) return;
    this.settlement = 'ack';
    this.message.ack();
  }

  nak(delayMs: number): void {
    if (this.settlement !== null) return;
    this.settlement = 'nak';
    this.message.nak(delayMs);
  }

  term(reason: string): void {
    if (this.settlement !== null) return;
    this.settlement = 'term';
    this.message.term(reason);
  }

  /** Tells the server the message is still being worked on (resets its ack timer). */
  working(): void {
    if (this.settlement === null) this.message.working();
  }
}
