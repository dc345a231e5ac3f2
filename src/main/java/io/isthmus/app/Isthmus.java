package io.isthmus.app;

public final class Isthmus {
    public static void main(String[] args) {
    }
}
