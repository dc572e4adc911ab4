package com.example.shop;

import java.io.Serializable;
import java.sql.Connection;

/**
 * A connection class that declares itself {@code Serializable}: woven, but given no field, which
 * would change the {@code serialVersionUID} the JVM computes for it.
 */
public abstract class SerializableConnection implements Connection, Serializable {

  @Override
  public void close() {}
}
