import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The JVM floor: a picocli command that parses one option and prints a line. */
@Command(name = "hello", mixinStandardHelpOptions = true)
public final class Hello implements Callable<Integer> {
  @Option(names = "--name", defaultValue = "world")
  String name;

  @Override
  public Integer call() {
    System.out.println("hello " + name);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Hello()).execute(args));
  }
}
