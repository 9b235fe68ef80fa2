/**
 * The operations every gateway in the comparison serves: the same documents, the same variables.
 * tests/integration/bench-harness.test.ts checks they stay valid against the public contract.
 */
export interface BenchOperation {
  name: 'overview' | 'analystPage' | 'analystPages' | 'memberByIdNumber';
  /** What it crosses, for the report. */
  crosses: string;
  query: string;
}

/** The dashboard's province overview: one entity, fields from all four subgraphs. */
export const OVERVIEW: BenchOperation = {
  name: 'overview',
  crosses: 'membership → organizations, stations, welfare (Overview entity)',
  query: `query ProvinceOverview { overview {
    scope members newEmploymentMembers membersByCity { city count } grassrootsUnions
    formation { total unionized rate } inactiveUnions stations driversHomes
    stationsUpgradedByYear { year count } welfarePlacesUsed } }`,
};

/** An analyst's page of 100 members with union, employer, benefits and the union's stations: all four subgraphs. */
export const ANALYST_PAGE: BenchOperation = {
  name: 'analystPage',
  crosses: 'membership → organizations (union, employer) → stations (union.stations); welfare (benefits)',
  query: `query AnalystPage { members(first: 100) { totalCount edges { node {
    id name idNumberMasked city status
    union { id name stations { id name kind } }
    employer { id name unionized }
    benefits { status program { name kind } } } } } }`,
};

/**
 * The same page shape, but every connection reads a different page (the bench walks the cursors
 * first): analysts at work, whose requests a gateway cannot share. The uncached comparison without
 * the help of in-flight deduplication.
 */
export const ANALYST_PAGES: BenchOperation = {
  name: 'analystPages',
  crosses: 'as analystPage, a different page per request',
  query: `query AnalystPages($after: String) { members(first: 100, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { node {
    id name idNumberMasked city status
    union { id name stations { id name kind } }
    employer { id name unionized }
    benefits { status program { name kind } } } } } }`,
};

/** One member looked up by resident ID number (the blind index), with union and benefits. */
export const MEMBER_BY_ID_NUMBER: BenchOperation = {
  name: 'memberByIdNumber',
  crosses: 'membership → organizations, welfare',
  query: `query MemberByIdNumber($idNumber: String!) { member(idNumber: $idNumber) {
    id name idNumberMasked city status union { id name } employer { name } benefits { status program { name } } } }`,
};

export const OPERATIONS: readonly BenchOperation[] = [OVERVIEW, ANALYST_PAGE, ANALYST_PAGES, MEMBER_BY_ID_NUMBER];
