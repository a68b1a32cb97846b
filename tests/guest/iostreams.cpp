// iostreams: formatting manipulators, stringstreams, reading numbers and lines from std::cin, fstreams.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

int main() {
  std::cout << "int " << 42 << " neg " << -7 << " hex " << std::hex << 255 << std::dec
            << " oct " << std::oct << 8 << std::dec << '\n';
  std::cout << std::setw(10) << std::setfill('*') << 123 << '|' << std::left << std::setw(6) << "ab"
            << '|' << std::right << std::setfill(' ') << '\n';
  std::cout << std::fixed << std::setprecision(3) << 3.14159265 << ' ' << std::scientific << 12345.678
            << ' ' << std::defaultfloat << 0.1 << ' ' << std::setprecision(17) << 0.1 << '\n';
  std::cout << std::boolalpha << true << ' ' << false << std::noboolalpha << ' ' << true << '\n';
  std::cout << std::showbase << std::hex << 48879 << std::dec << std::noshowbase << '\n';

  std::ostringstream out;
  out << "pi=" << std::setprecision(5) << 3.14159265 << " e=" << 2.718281828;
  std::cout << out.str() << " (" << out.str().size() << " chars)\n";
  std::istringstream in("10 20 thirty 40");
  int a, b, c;
  std::string word;
  in >> a >> b >> word >> c;
  std::cout << a + b + c << ' ' << word << '\n';
  std::istringstream bad("12x");
  int n;
  char rest;
  bad >> n >> rest;
  std::cout << "parsed " << n << " then '" << rest << "'\n";

  long sum = 0, count = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream fields(line);
    long v;
    while (fields >> v) {
      sum += v;
      count++;
    }
  }
  std::cout << "stdin: " << count << " numbers, sum " << sum << '\n';

  {
    std::ofstream file("stream.txt");
    for (int i = 0; i < 5; i++) file << "row " << i << '\n';
  }
  std::ifstream file("stream.txt");
  int rows = 0;
  while (std::getline(file, line)) rows++;
  std::cout << "file rows " << rows << '\n';
  std::cerr << "to cerr" << std::endl;
  std::clog << "to clog\n";
  return 0;
}
