import { connectionType, DataIssue } from '../../kit';

export const DataIssueConnection = connectionType('DataIssue', () => DataIssue);
