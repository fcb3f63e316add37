import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The case's search attributes: what the API and the Temporal UI filter on. Never personal data
 * (no names, e-mails, descriptions or amounts tied to a person).
 */
export const DisputeStatusKey = defineSearchAttributeKey('DisputeStatus', SearchAttributeType.KEYWORD);
export const DisputeCategoryKey = defineSearchAttributeKey('DisputeCategory', SearchAttributeType.KEYWORD);
export const ProcessorKey = defineSearchAttributeKey('Processor', SearchAttributeType.KEYWORD);
export const ChannelKey = defineSearchAttributeKey('Channel', SearchAttributeType.KEYWORD);

/** Every key the project needs registered on its namespace. */
export const CASE_SEARCH_ATTRIBUTES = [DisputeStatusKey, DisputeCategoryKey, ProcessorKey, ChannelKey] as const;

/** The search attributes a case starts with; the workflow keeps `DisputeStatus` current after that. */
export function initialSearchAttributes(report: { category: string; channel: string; transaction: { processor: string } }) {
  return [
    { key: DisputeStatusKey, value: 'RECEIVED' },
    { key: DisputeCategoryKey, value: report.category },
    { key: ProcessorKey, value: report.transaction.processor },
    { key: ChannelKey, value: report.channel },
  ];
}
