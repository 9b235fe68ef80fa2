import { connectionType } from '../../kit';
import { Enterprise } from './enterprise';

export const EnterpriseConnection = connectionType('Enterprise', () => Enterprise);
