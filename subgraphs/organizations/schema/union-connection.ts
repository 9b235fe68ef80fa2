import { connectionType } from '../../kit';
import { Union } from './union';

/** UnionConnection / UnionEdge: `unions`, `inactiveUnions` and `Union.children`. */
export const UnionConnection = connectionType('Union', () => Union);
