package org.prectr.trainer.encoder;

import ai.djl.ndarray.NDArray;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * The file format of saved encoder weights, so that a stage-0 encoder can be reused between runs
 * without retraining: a magic string, a format version, every {@link EncoderConfig} field, then each
 * parameter as (name, dims, big-endian float32 values) in creation order.
 *
 * <p>A plain format on purpose: DJL's own {@code .params} only serves DJL blocks, and this one is read
 * back into the manual-parameter encoder by name with every shape checked.
 */
final class EncoderWeightsFile {

    static final String MAGIC = "PRECTR-ENCODER-WEIGHTS";
    static final int VERSION = 1;

    private EncoderWeightsFile() {}

    static void write(Path file, EncoderConfig config, Map<String, NDArray> parameters) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(config.vocabularySize());
            out.writeInt(config.embeddingFactor());
            out.writeInt(config.dim());
            out.writeInt(config.layers());
            out.writeInt(config.heads());
            out.writeInt(config.ffnDim());
            out.writeInt(config.maxPositions());
            out.writeFloat(config.dropout());
            out.writeFloat(config.layerNormEpsilon());
            out.writeBoolean(config.normalizeOutput());
            out.writeInt(parameters.size());
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                long[] dims = entry.getValue().getShape().getShape();
                out.writeUTF(entry.getKey());
                out.writeInt(dims.length);
                for (long dim : dims) {
                    out.writeLong(dim);
                }
                for (float value : entry.getValue().toFloatArray()) {
                    out.writeFloat(value);
                }
            }
        }
    }

    static DistilledEncoder read(Path file, Function<EncoderConfig, DistilledEncoder> factory) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IOException("[" + file + "] is not an encoder weights file: expected [" + MAGIC
                    + "] but found [" + magic + "]");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("[" + file + "] has format version [" + version + "] but this trainer reads ["
                    + VERSION + "]");
            }
            EncoderConfig config = new EncoderConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt(), in.readInt(), in.readInt(), in.readFloat(), in.readFloat(), in.readBoolean());
            DistilledEncoder encoder = factory.apply(config);
            try {
                Map<String, NDArray> parameters = encoder.parameters();
                int count = in.readInt();
                if (count != parameters.size()) {
                    throw new IOException("[" + file + "] holds [" + count + "] parameters but the encoder has ["
                        + parameters.size() + "]");
                }
                for (int i = 0; i < count; i++) {
                    readParameter(file, in, parameters);
                }
                return encoder;
            } catch (IOException | RuntimeException e) {
                encoder.close();
                throw e;
            }
        }
    }

    private static void readParameter(Path file, DataInputStream in, Map<String, NDArray> parameters) throws IOException {
        String name = in.readUTF();
        NDArray target = parameters.get(name);
        if (target == null) {
            throw new IOException("[" + file + "] holds parameter [" + name + "], which the encoder does not have");
        }
        long[] dims = new long[in.readInt()];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = in.readLong();
        }
        if (!Arrays.equals(dims, target.getShape().getShape())) {
            throw new IOException("[" + file + "] parameter [" + name + "] has shape " + Arrays.toString(dims)
                + " but the encoder expects " + Arrays.toString(target.getShape().getShape()));
        }
        float[] values = new float[Math.toIntExact(target.size())];
        for (int v = 0; v < values.length; v++) {
            values[v] = in.readFloat();
        }
        target.set(FloatBuffer.wrap(values));
    }
}
