import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The case's search attributes: what the API and the Temporal UI filter on. Never personal data
 * (no names, e-mails, descriptions or amounts tied to a person).
 */
/** One of DISPUTE_STATUSES, e.g. `DisputeStatus = "AWAITING_PROCESSOR"` for the cases waiting for a processor's answer. */
export const DisputeStatusKey = defineSearchAttributeKey('DisputeStatus', SearchAttributeType.KEYWORD);
export const DisputeCategoryKey = defineSearchAttributeKey('DisputeCategory', SearchAttributeType.KEYWORD);
export const ProcessorKey = defineSearchAttributeKey('Processor', SearchAttributeType.KEYWORD);
export const ChannelKey = defineSearchAttributeKey('Channel', SearchAttributeType.KEYWORD);
export const LiabilityKey = defineSearchAttributeKey('Liability', SearchAttributeType.KEYWORD);
export const SlaBreachedKey = defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL);
export const EscalatedKey = defineSearchAttributeKey('Escalated', SearchAttributeType.BOOL);

/** Every key the project needs registered on its namespace. */
export const CASE_SEARCH_ATTRIBUTES = [DisputeStatusKey, DisputeCategoryKey, ProcessorKey, ChannelKey, LiabilityKey, SlaBreachedKey, EscalatedKey] as const;

/** The search attributes a case starts with; the workflow keeps status, liability, SLA and escalation current. */
export function initialSearchAttributes(report: { category: string; channel: string; transaction: { processor: string } }) {
  return [
    { key: DisputeStatusKey, value: 'RECEIVED' },
    { key: DisputeCategoryKey, value: report.category },
    { key: ProcessorKey, value: report.transaction.processor },
    { key: ChannelKey, value: report.channel },
    { key: SlaBreachedKey, value: false },
    { key: EscalatedKey, value: false },
  ];
}
