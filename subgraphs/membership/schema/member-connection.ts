import { connectionType } from '../../kit';
import { Member } from './member';

export const MemberConnection = connectionType('Member', () => Member);
