/**
 * A minimal subset of monday.com's GraphQL schema (API 2026-07), enough for Baton's operations.
 * The real SDL is not shipped in any npm package (shared/reference/slack-and-monday.md §3), so the
 * field and argument names, types and nullability below are copied from the generated TS types in
 * `@mondaydotcomorg/api` 14.0.0 (`Item`, `Board`, `Column`, `ColumnValue`, `MutationCreate_ItemArgs`,
 * `MutationCreate_SubitemArgs`, `MutationChange_Multiple_Column_ValuesArgs`,
 * `QueryItems_Page_By_Column_ValuesArgs`, …). The fake validates every query against it, so a typo in
 * a field or argument name fails a test the way the real API would reject it.
 */
export const MONDAY_SDL = /* GraphQL */ `
scalar JSON
scalar Date

enum ColumnType {
  auto_number board_relation button checkbox color_picker country creation_log date dependency doc
  dropdown email file formula group hour integration item_assignees item_id last_updated link location
  long_text mirror name numbers people person phone progress rating status subtasks tags team text
  time_tracking timeline unsupported vote week world_clock
}

enum Kind { person team }
enum State { active all archived deleted }
enum BoardKind { public private share }

type Query {
  items_page_by_column_values(board_id: ID!, limit: Int! = 25, cursor: String, columns: [ItemsPageByColumnValuesQuery!]): ItemsResponse!
  items(ids: [ID!], limit: Int, page: Int, newest_first: Boolean, exclude_nonactive: Boolean): [Item]
  boards(ids: [ID!], limit: Int, page: Int, state: State, board_kind: BoardKind): [Board]
  users(ids: [ID!], emails: [String], limit: Int, page: Int): [User]
  me: User
  complexity: Complexity
}

type Mutation {
  create_item(board_id: ID!, item_name: String!, group_id: String, column_values: JSON, create_labels_if_missing: Boolean): Item
  create_subitem(parent_item_id: ID!, item_name: String!, column_values: JSON, create_labels_if_missing: Boolean): Item
  change_multiple_column_values(board_id: ID!, item_id: ID, column_values: JSON!, create_labels_if_missing: Boolean): Item
  complexity: Complexity
}

input ItemsPageByColumnValuesQuery {
  column_id: String!
  column_values: [String]!
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

type Item {
  id: ID!
  name: String!
  board: Board
  group: Group
  state: State
  created_at: Date
  updated_at: Date
  creator_id: String!
  url: String!
  column_values(ids: [String!], types: [ColumnType!]): [ColumnValue!]!
  subitems: [Item]
  parent_item: Item
}

type Board {
  id: ID!
  name: String!
  board_kind: BoardKind!
  state: State!
  items_count: Int
  columns(ids: [String], types: [ColumnType!]): [Column]
  groups(ids: [String]): [Group]
  url: String!
}

type Group {
  id: ID!
  title: String!
  color: String!
  position: String!
  archived: Boolean
  deleted: Boolean
}

type Column {
  id: ID!
  title: String!
  type: ColumnType!
  archived: Boolean!
  description: String
  settings_str: String!
  width: Int
}

type User {
  id: ID!
  name: String!
  email: String!
  enabled: Boolean!
  is_admin: Boolean
  url: String!
}

interface ColumnValue {
  id: ID!
  column: Column!
  type: ColumnType!
  text: String
  value: JSON
}

type TextValue implements ColumnValue {
  id: ID!
  column: Column!
  type: ColumnType!
  text: String
  value: JSON
}

type LongTextValue implements ColumnValue {
  id: ID!
  column: Column!
  type: ColumnType!
  text: String
  value: JSON
  updated_at: Date
}

type NumbersValue implements ColumnValue {
  id: ID!
  column: Column!
  type: ColumnType!
  text: String
  value: JSON
  number: Float
}

type StatusValue implements ColumnValue {
  id: ID!
  column: Column!
  type: ColumnType!
  text: String
  value: JSON
  index: Int
  label: String
  is_done: Boolean
  updated_at: Date
}

type DateValue implements ColumnValue {
  id: ID!
  column: Column!
  type: ColumnType!
  text: String
  value: JSON
  date: String
  time: String
  updated_at: Date
}

type TimelineValue implements ColumnValue {
  id: ID!
  column: Column!
  type: ColumnType!
  text: String
  value: JSON
  from: Date
  to: Date
  updated_at: Date
  visualization_type: String
}

type PeopleEntity {
  id: ID!
  kind: Kind
}

type PeopleValue implements ColumnValue {
  id: ID!
  column: Column!
  type: ColumnType!
  text: String
  value: JSON
  persons_and_teams: [PeopleEntity!]
  updated_at: Date
}

type UnsupportedValue implements ColumnValue {
  id: ID!
  column: Column!
  type: ColumnType!
  text: String
  value: JSON
}
`;
