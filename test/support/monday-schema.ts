/**
 * A subset of monday.com's GraphQL schema for API version 2026-07, enough for Baton's operations
 * and what the tests ask around them. The fake (./fake-monday.ts) validates every query against it,
 * so a typo in a field, an argument or a type fails a test the way the real API rejects it.
 *
 * Source: the SDL monday.com publishes (`GET https://api.monday.com/v2/get_schema?format=sdl&version=2026-07`)
 * as committed by monday.com in github.com/mondaycom/mcp, `packages/agent-toolkit/src/monday-graphql/schema.graphql`
 * at commit efd2e35eb7f0400285df4626595d16332bcd9784 (the last one whose `API_VERSION` is 2026-07; the next,
 * fc03eb27, moved it to 2026-10). Every type, field, argument, default and nullability below is copied
 * from that file; descriptions are dropped, and of the output types only the fields listed are kept
 * (`Query`, `Mutation`, `Item`, `Board`, `Column`, `User`), with every argument of a kept field and
 * every input type and enum those arguments reach. To add a field, copy it from that schema as it is.
 */
export const MONDAY_SDL = /* GraphQL */ `
scalar JSON
scalar Date
scalar CompareValue

enum BoardKind { private public share }
enum BoardHierarchy { classic multi_level }
enum BoardsOrderBy { created_at used_at }
enum State { active all archived deleted }
enum UserStatus { ACTIVE INACTIVE PENDING }
enum UserKind { all guests non_guests non_pending }
enum PositionRelative { after_at before_at }
enum ColumnCapability { CALCULATED VISIBILITY }
enum ColumnType { auto_number board_relation button checkbox color_picker country creation_log date dependency doc dropdown email file formula group hour integration item_assignees item_id last_updated link location long_text mirror numbers people phone progress rating status tags team text timeline time_tracking vote week world_clock unsupported name person direct_doc subtasks }
enum VersionKind { current deprecated dev maintenance old__maintenance old_previous_maintenance previous_maintenance release_candidate }
enum NumberValueUnitDirection { left right }
enum Kind { agent person team }
enum UserKindFilter { ADMIN MEMBER GUEST VIEW_ONLY AGENT_MEMBER PERSONAL_AGENT_MEMBER AGENT_SIGNUP_USER SERVICE_USER PORTAL PORTFOLIO_API_USER NEXUS_API_USER RESOURCE_DIRECTORY_API_USER OMNICHANNEL_API_USER GOALS_API_USER PROJECTS_API_USER SPRINT_MANAGEMENT_API_USER CRM_COMMERCE_API_USER CAMPAIGNS_API_USER DATA_RETENTION_API_USER MONDAY_SERVICE_API_USER AI_PLATFORM_AGENT_API_USER DEPENDENCIES_API_USER HISTORICAL_TRACKING_BACKFILL_API_USER BASIC }
enum UsersSortField { CREATED_AT }
enum UsersSortDirection { ASC DESC }
enum ItemsQueryOperator { or and }
enum ItemsOrderByDirection { asc desc }
enum ItemsQueryRuleOperator { any_of not_any_of is_empty is_not_empty greater_than greater_than_or_equals lower_than lower_than_or_equal between not_contains_text contains_text contains_terms starts_with ends_with within_the_next within_the_last }

type Query {
  boards(board_kind: BoardKind, hierarchy_types: [BoardHierarchy!], ids: [ID!], latest: Boolean, limit: Int = 25, order_by: BoardsOrderBy, page: Int = 1, state: State = active, workspace_ids: [ID]): [Board]
  complexity: Complexity
  items(exclude_nonactive: Boolean, ids: [ID!], limit: Int = 25, newest_first: Boolean, page: Int = 1): [Item]
  items_page_by_column_values(board_id: ID!, columns: [ItemsPageByColumnValuesQuery!], cursor: String, hierarchy_scope_config: String, limit: Int! = 25): ItemsResponse!
  me: User
  next_items_page(cursor: String!, limit: Int! = 25): ItemsResponse!
  users(ids: [ID!], name: String, emails: [String!], user_kind: UserKindFilterInput, sort: [UsersSortInput!], visibility: String, status: [UserStatus!], limit: Int = 200, page: Int = 1, kind: UserKind, non_active: Boolean, newest_first: Boolean): [User!]
  version: Version!
}
type Mutation {
  change_column_value(board_id: ID!, column_id: String!, create_labels_if_missing: Boolean, item_id: ID, value: JSON!): Item
  change_multiple_column_values(board_id: ID!, column_values: JSON!, create_labels_if_missing: Boolean, item_id: ID): Item
  change_simple_column_value(board_id: ID!, column_id: String!, create_labels_if_missing: Boolean, item_id: ID, value: String): Item
  complexity: Complexity
  create_item(board_id: ID!, column_values: JSON, create_labels_if_missing: Boolean, group_id: String, item_name: String!, position_relative_method: PositionRelative, relative_to: ID): Item
  create_subitem(column_values: JSON, create_labels_if_missing: Boolean, item_name: String!, parent_item_id: ID!): Item
}
type Item {
  id: ID!
  board: Board
  column_values(capabilities: [ColumnCapability!], ids: [String!], types: [ColumnType!]): [ColumnValue!]!
  created_at: Date
  creator_id: String!
  group: Group
  name: String!
  parent_item: Item
  relative_link: String
  state: State
  subitems: [Item]
  updated_at: Date
  url: String!
}
type Board {
  id: ID!
  columns(ids: [String], types: [ColumnType!], capabilities: [ColumnCapability]): [Column]
  board_kind: BoardKind!
  groups(ids: [String]): [Group]
  items_count: Int
  items_page(cursor: String, hierarchy_scope_config: String, limit: Int! = 25, query_params: ItemsQuery): ItemsResponse!
  name: String!
  state: State!
  top_group: Group!
  url: String!
  workspace_id: ID
}
type Group {
  archived: Boolean
  color: String!
  deleted: Boolean
  id: ID!
  items_page(cursor: String, hierarchy_scope_config: String, limit: Int! = 25, query_params: ItemsQuery): ItemsResponse!
  position: String!
  title: String!
}
type Column {
  id: ID!
  title: String!
  description: String
  type: ColumnType!
  width: Int
  archived: Boolean!
  settings: JSON
  settings_str: String! @deprecated
  revision: String!
}
type User {
  id: ID!
  email: String!
  enabled: Boolean! @deprecated
  is_admin: Boolean @deprecated
  name: String!
  title: String!
  url: String!
}
type ItemsResponse {
  cursor: String
  items: [Item!]!
}
type Complexity {
  after: Int!
  before: Int!
  query: Int!
  reset_in_x_seconds: Int!
}
type Version {
  display_name: String!
  kind: VersionKind!
  value: String!
}
interface ColumnValue {
  column: Column!
  id: ID!
  is_leaf: Boolean!
  text: String
  type: ColumnType!
  value: JSON
}
type TextValue implements ColumnValue {
  column: Column!
  id: ID!
  is_leaf: Boolean!
  text: String
  type: ColumnType!
  value: JSON
}
type LongTextValue implements ColumnValue {
  column: Column!
  id: ID!
  is_leaf: Boolean!
  text: String
  type: ColumnType!
  updated_at: Date
  value: JSON
}
type NumbersValue implements ColumnValue {
  column: Column!
  direction: NumberValueUnitDirection
  id: ID!
  is_leaf: Boolean!
  number: Float
  symbol: String
  text: String
  type: ColumnType!
  value: JSON
}
type StatusValue implements ColumnValue {
  column: Column!
  id: ID!
  index: Int
  is_done: Boolean
  is_leaf: Boolean!
  label: String
  label_style: StatusLabelStyle
  text: String
  type: ColumnType!
  update_id: ID
  updated_at: Date
  value: JSON
}
type DateValue implements ColumnValue {
  column: Column!
  date: String
  icon: String
  id: ID!
  is_leaf: Boolean!
  text: String
  time: String
  type: ColumnType!
  updated_at: Date
  value: JSON
}
type TimelineValue implements ColumnValue {
  column: Column!
  from: Date
  id: ID!
  is_leaf: Boolean!
  text: String
  to: Date
  type: ColumnType!
  updated_at: Date
  value: JSON
  visualization_type: String
}
type PeopleValue implements ColumnValue {
  column: Column!
  id: ID!
  is_leaf: Boolean!
  persons_and_teams: [PeopleEntity!]
  text: String
  type: ColumnType!
  updated_at: Date
  value: JSON
}
type DropdownValue implements ColumnValue {
  column: Column!
  id: ID!
  is_leaf: Boolean!
  text: String
  type: ColumnType!
  value: JSON
  values: [DropdownValueOption!]!
}
type EmailValue implements ColumnValue {
  column: Column!
  email: String
  id: ID!
  is_leaf: Boolean!
  label: String
  text: String
  type: ColumnType!
  updated_at: Date
  value: JSON
}
type PhoneValue implements ColumnValue {
  column: Column!
  country_short_name: String
  id: ID!
  is_leaf: Boolean!
  phone: String
  text: String
  type: ColumnType!
  updated_at: Date
  value: JSON
}
type CheckboxValue implements ColumnValue {
  checked: Boolean
  column: Column!
  id: ID!
  is_leaf: Boolean!
  text: String
  type: ColumnType!
  updated_at: Date
  value: JSON
}
type LinkValue implements ColumnValue {
  column: Column!
  id: ID!
  is_leaf: Boolean!
  text: String
  type: ColumnType!
  updated_at: Date
  url: String
  url_text: String
  value: JSON
}
type UnsupportedValue implements ColumnValue {
  column: Column!
  id: ID!
  is_leaf: Boolean!
  text: String
  type: ColumnType!
  value: JSON
}
type StatusLabelStyle {
  border: String!
  color: String!
}
type DropdownValueOption {
  id: ID!
  label: String!
}
type PeopleEntity {
  id: ID!
  kind: Kind
}

input ItemsPageByColumnValuesQuery {
  column_id: String!
  column_values: [String]!
}
input UserKindFilterInput {
  in: [UserKindFilter!]
  not_in: [UserKindFilter!]
}
input UsersSortInput {
  field: UsersSortField!
  direction: UsersSortDirection!
}
input ItemsQuery {
  groups: [ItemsQueryGroup!]
  ids: [ID!]
  operator: ItemsQueryOperator = and
  order_by: [ItemsQueryOrderBy!]
  rules: [ItemsQueryRule!]
}
input ItemsQueryGroup {
  rules: [ItemsQueryRule!]
  groups: [ItemsQueryGroup!]
  operator: ItemsQueryOperator = and
}
input ItemsQueryOrderBy {
  column_id: String!
  direction: ItemsOrderByDirection = asc
}
input ItemsQueryRule {
  column_id: ID!
  compare_value: CompareValue!
  compare_attribute: String
  operator: ItemsQueryRuleOperator = any_of
}
`;
