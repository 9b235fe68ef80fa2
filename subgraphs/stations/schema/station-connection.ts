import { connectionType } from '../../kit';
import { Station } from './station';

export const StationConnection = connectionType('Station', () => Station);
