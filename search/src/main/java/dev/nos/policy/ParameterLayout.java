package dev.nos.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each named parameter of the controller lives in its one flat {@code double[]}: a row-major
 * {@code rows x cols} block at an offset, the blocks in {@link #names()} order with no gaps. The gradient and Adam's
 * moments use the same layout, so an Adam step is one loop over flat arrays and a checkpoint stores each block under
 * its name.
 */
final class ParameterLayout {

    /** One named block: {@code rows x cols} numbers, row-major, starting at {@code offset}. */
    record Block(String name, int offset, int rows, int cols) {
        int length() {
            return rows * cols;
        }

        /** The index of element (row, col) in the flat array. */
        int at(int row, int col) {
            return offset + row * cols + col;
        }
    }

    private final Map<String, Block> blocks;
    private final List<String> names;
    private final int size;

    private ParameterLayout(Map<String, Block> blocks, int size) {
        this.blocks = Collections.unmodifiableMap(blocks);
        this.names = List.copyOf(blocks.keySet());
        this.size = size;
    }

    /** Adds blocks in order. */
    static final class Builder {
        private final Map<String, Block> blocks = new LinkedHashMap<>();
        private long size;

        Block add(String name, int rows, int cols) {
            if (blocks.containsKey(name)) {
                throw new IllegalArgumentException("parameter " + name + " twice");
            }
            Block b = new Block(name, Math.toIntExact(size), rows, cols);
            blocks.put(name, b);
            size += (long) rows * cols;
            Math.toIntExact(size); // one Java array must hold them all
            return b;
        }

        ParameterLayout build() {
            return new ParameterLayout(new LinkedHashMap<>(blocks), (int) size);
        }
    }

    /** The names, in flat order. */
    List<String> names() {
        return names;
    }

    /** Every block, in flat order. */
    List<Block> blocks() {
        return new ArrayList<>(blocks.values());
    }

    /** The block of a name. */
    Block block(String name) {
        Block b = blocks.get(name);
        if (b == null) {
            throw new IllegalArgumentException("the controller has no parameter '" + name + "'; it has " + names);
        }
        return b;
    }

    /** How many numbers in all. */
    int size() {
        return size;
    }
}
