package com.amperityworkflowruns;

public final class Main {
  public static void main(String[] args) {}
}
