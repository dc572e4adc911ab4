package io.poolagent.frameworks.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.util.List;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Stock of items in a table of its own schema ({@code frameworks_jooq}, dropped by the test before
 * each run). jOOQ's DSL without generated code, as small programs use it.
 */
final class Inventory {

  private static final Table<?> ITEM = table(name("frameworks_jooq", "item"));
  private static final Field<String> NAME = field(name("name"), SQLDataType.VARCHAR(40));
  private static final Field<Integer> QUANTITY = field(name("quantity"), SQLDataType.INTEGER);

  private final DSLContext dsl;

  Inventory(DSLContext dsl) {
    this.dsl = dsl;
  }

  void createTable() {
    dsl.createSchemaIfNotExists("frameworks_jooq").execute();
    dsl.createTable(ITEM)
        .column(NAME, SQLDataType.VARCHAR(40).notNull())
        .column(QUANTITY, SQLDataType.INTEGER.notNull())
        .primaryKey(NAME)
        .execute();
  }

  int stock() {
    return dsl.insertInto(ITEM, NAME, QUANTITY)
        .values("bolt", 20)
        .values("nut", 8)
        .values("washer", 50)
        .execute();
  }

  /** Moves stock in one transaction: one connection, held until commit or rollback. */
  String move(String from, String to, int quantity) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = DSL.using(configuration);
          tx.update(ITEM).set(QUANTITY, QUANTITY.minus(quantity)).where(NAME.eq(from)).execute();
          tx.update(ITEM).set(QUANTITY, QUANTITY.plus(quantity)).where(NAME.eq(to)).execute();
          int left = tx.select(QUANTITY).from(ITEM).where(NAME.eq(from)).fetchSingle(QUANTITY);
          if (left < 0) {
            throw new IllegalStateException("not enough " + from);
          }
          return quantity + " " + from + " to " + to;
        });
  }

  /** Reads through a lazy cursor: its connection is held until the cursor is closed. */
  List<String> list() {
    try (Cursor<Record2<String, Integer>> cursor =
        dsl.select(NAME, QUANTITY).from(ITEM).orderBy(NAME).fetchLazy()) {
      return cursor.stream().map(r -> r.value1() + " " + r.value2()).toList();
    }
  }

  int countOver(int quantity) {
    return dsl.fetchCount(ITEM, QUANTITY.gt(quantity));
  }

  /**
   * Counts items on a connection taken from jOOQ's own {@code ConnectionProvider}, and never hands
   * it back ({@code release}): the bug the agent must point at, here and not in jOOQ's frames.
   */
  int countOnRawConnection() throws Exception {
    Connection conn = dsl.configuration().connectionProvider().acquire(); // LEAK: jooq
    return DSL.using(conn, dsl.dialect()).fetchCount(ITEM);
  }
}
