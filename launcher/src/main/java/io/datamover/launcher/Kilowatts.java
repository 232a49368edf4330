package io.datamover.launcher;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Power as users write it, in kW: a plain decimal number ({@code 120}, {@code 95.5}, {@code 1e3}), 0 or more. */
public final class Kilowatts implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        return parse(value);
    }

    /** Parsed as a BigDecimal: Double.parseDouble would also take NaN, Infinity, hex and a trailing 'd'. */
    public static double parse(String value) {
        BigDecimal number;
        try {
            number = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        double kw = number.doubleValue();
        if (number.signum() < 0 || !Double.isFinite(kw)) {
            throw invalid(value);
        }
        return kw;
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("must be a finite number of kW >= 0, was '" + value + "'");
    }
}
