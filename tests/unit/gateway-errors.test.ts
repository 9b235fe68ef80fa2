import { GraphQLError } from 'graphql';
import { formatGatewayError, INTERNAL_ERROR_MESSAGE } from '../../gateway/format-error';
import { requestIdFrom } from '../../gateway/request-id';
import { classifySubgraphFailure } from '../../gateway/subgraph-failure';

describe('formatGatewayError', () => {
  it("replaces the message of the gateway's own unexpected errors and drops the stack", () => {
    const formatted = formatGatewayError({
      message: 'request to http://127.0.0.1:4001/ failed, reason: connect ECONNREFUSED 127.0.0.1:4001',
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['FetchError: …', '    at /srv/node_modules/…'] },
    });
    expect(formatted).toEqual({ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('keeps coded errors and subgraph errors but drops the subgraph response Apollo attaches', () => {
    expect(
      formatGatewayError({
        message: '500: Internal Server Error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'membership', response: { url: 'http://10.0.0.5:4001/graphql' } },
      }),
    ).toEqual({ message: '500: Internal Server Error', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'membership' } });
    expect(formatGatewayError({ message: 'Cannot query field "nope" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }).message).toBe(
      'Cannot query field "nope" on type "Query".',
    );
  });
});

describe('classifySubgraphFailure', () => {
  const refused = Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4001'), { code: 'ECONNREFUSED' }),
  });

  it.each([
    ['a refused connection', refused],
    ['a timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError')],
    ['a reset socket', Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } })],
    ['a 503 from a proxy', new GraphQLError('503: Service Unavailable', { extensions: { response: { status: 503, url: 'http://10.0.0.5/' } } })],
  ])('calls %s unavailable, naming only the subgraph', (_label, cause) => {
    const { kind, error } = classifySubgraphFailure('membership', cause);
    expect(kind).toBe('unavailable');
    expect(error.message).toBe('subgraph membership is unavailable');
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'membership' });
  });

  it('keeps 401 and 403 recognisable and reports other statuses by number', () => {
    const status = (s: number) => new GraphQLError(`${s}`, { extensions: { response: { status: s, url: 'http://10.0.0.5/', body: 'secret' } } });
    expect(classifySubgraphFailure('welfare', status(401)).error.extensions).toEqual({ code: 'UNAUTHENTICATED', subgraph: 'welfare', status: 401 });
    expect(classifySubgraphFailure('welfare', status(403)).error.extensions).toEqual({ code: 'FORBIDDEN', subgraph: 'welfare', status: 403 });
    const other = classifySubgraphFailure('welfare', status(500));
    expect(other.error.message).toBe('subgraph welfare answered HTTP 500');
    expect(JSON.stringify(other.error.toJSON())).not.toMatch(/10\.0\.0\.5|secret/);
  });

  it('calls an unparseable answer an invalid response', () => {
    const { kind, error } = classifySubgraphFailure('stations', new SyntaxError('Unexpected token < in JSON at position 0'));
    expect(kind).toBe('invalid_response');
    expect(error.message).toBe('subgraph stations sent an invalid response');
  });
});

describe('requestIdFrom', () => {
  it("keeps a client's plain id and replaces anything else with a UUID", () => {
    expect(requestIdFrom('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    for (const bad of [undefined, '', 'two words', 'line\nbreak', 'x'.repeat(129)]) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
