/** The document records moved to libs/contracts (public-records.ts); re-exported for the document use cases. */
export { lineageRecord, internalRecord, documentRecord } from '@strata/contracts';
